import type { MessageKey } from './sv.js';

/** English texts. Same keys and placeholders as sv.ts. */
export const en: Record<MessageKey, string> = {
  'bot.name': 'SHK bot',

  'welcome.title': 'Hello! I am the SHK bot',
  'welcome.intro':
    "I help Samhällskontraktet's Core Teams keep track between meetings: what we decided, who does what and when it is due.",
  'welcome.howTo.channel': 'Mention me with @SHK-boten followed by a command, for example **@SHK-boten help**.',
  'welcome.howTo.personal': 'Write a command to me directly, for example **help**.',
  'welcome.commandsHeading': 'What you can ask me',
  'welcome.language': 'I am writing in English. Write **språk svenska** to switch this conversation to Swedish.',

  'help.title': 'What the SHK bot can do',
  'help.howTo.channel': 'In channels and group chats, mention me first: **@SHK-boten** followed by the command.',
  'help.howTo.personal': 'Here in personal chat, just write the command.',
  'help.group.general': 'General',
  'help.group.actionItems': 'Action items',
  'help.group.evaluations': 'Evaluations',
  'help.group.meetings': 'Meetings',
  'help.group.reminders': 'Reminders',
  'help.group.settings': 'Settings',
  'help.switchToEnglish': 'Switch to English',
  'help.switchToSwedish': 'Byt till svenska',

  'command.help.usage': 'help',
  'command.help.description': 'Shows this overview.',
  'command.language.usage': 'language english | language swedish',
  'command.language.description': 'Chooses the language of my replies in this conversation.',

  'language.changed': 'I will write in English in this conversation from now on.',
  'language.unknown': 'I speak Swedish and English. Write **language english** or **language swedish**.',

  'hint.unknown': 'I did not understand "{text}". Write **help** to see what I can do.',
  'hint.empty': 'Yes? Write **help** to see what I can do.',

  'error.internal': 'Something went wrong on my side. Please try again in a moment – nothing has been changed.',
  'error.unknownAction': 'I do not recognise this button. The card may be out of date – ask me for a new one.',
  'error.invalidInput': 'That could not be done: {reason}',
  'error.textTooLong': 'The text is too long ({length} characters). Keep it under {max} characters.',
  'error.notFound': 'I cannot find what you are asking for. It may have been removed.',
  'error.forbidden': 'Sorry, you are not allowed to do this.',
  'error.conflict': 'Someone else changed this at the same time. The card now shows the latest state – have a look and try again.',
  'error.storeUnavailable': 'I cannot reach my database right now. Please try again shortly – nothing has been changed.',
  'error.missingTenant': 'I cannot tell which organisation this message comes from, so I will not act on it.',
};
