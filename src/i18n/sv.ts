/**
 * Swedish texts (the default). Keys are grouped by where they are shown. Placeholders are {name}.
 * en.ts must have exactly the same keys and placeholders (checked by test/i18n.test.ts).
 */
export const sv = {
  'bot.name': 'SHK-boten',

  'welcome.title': 'Hej! Jag är SHK-boten',
  'welcome.intro':
    'Jag hjälper Samhällskontraktets Core Team att hålla ordning mellan mötena: det vi har beslutat, vem som gör vad och när det ska vara klart.',
  'welcome.howTo.channel': 'Nämn mig med @SHK-boten följt av ett kommando, till exempel **@SHK-boten hjälp**.',
  'welcome.howTo.personal': 'Skriv ett kommando direkt till mig, till exempel **hjälp**.',
  'welcome.commandsHeading': 'Det här kan du be mig om',
  'welcome.language': 'Jag skriver på svenska. Skriv **language english** om ni hellre vill ha engelska i den här konversationen.',

  'help.title': 'Det här kan SHK-boten',
  'help.howTo.channel': 'I kanaler och gruppchattar nämner du mig först: **@SHK-boten** och sedan kommandot.',
  'help.howTo.personal': 'Här i den personliga chatten skriver du kommandot direkt.',
  'help.group.general': 'Allmänt',
  'help.group.actionItems': 'Att-göra',
  'help.group.evaluations': 'Bedömningar',
  'help.group.meetings': 'Möten',
  'help.group.reminders': 'Påminnelser',
  'help.group.settings': 'Inställningar',
  'help.switchToEnglish': 'Switch to English',
  'help.switchToSwedish': 'Byt till svenska',

  'command.help.usage': 'hjälp',
  'command.help.description': 'Visar den här översikten.',
  'command.language.usage': 'språk svenska | språk engelska',
  'command.language.description': 'Väljer språk för mina svar i den här konversationen.',

  'language.changed': 'Jag skriver på svenska i den här konversationen från och med nu.',
  'language.unknown': 'Jag kan svenska och engelska. Skriv **språk svenska** eller **språk engelska**.',

  'hint.unknown': 'Jag förstod inte ”{text}”. Skriv **hjälp** så visar jag vad jag kan.',
  'hint.empty': 'Ja? Skriv **hjälp** så visar jag vad jag kan.',

  'error.internal': 'Något gick fel hos mig. Försök gärna igen om en stund – inget har ändrats.',
  'error.unknownAction': 'Den här knappen känner jag inte igen. Kortet kan vara gammalt – be mig om ett nytt.',
  'error.invalidInput': 'Det gick inte att genomföra: {reason}',
  'error.textTooLong': 'Texten är för lång ({length} tecken). Håll den under {max} tecken.',
  'error.notFound': 'Jag hittar inte det du frågar efter. Det kan ha tagits bort.',
  'error.forbidden': 'Det här får du tyvärr inte göra.',
  'error.conflict': 'Någon annan hann ändra samtidigt. Kortet visar nu det senaste läget – titta och försök igen.',
  'error.storeUnavailable': 'Jag når inte min databas just nu. Försök igen om en liten stund – inget har ändrats.',
  'error.missingTenant': 'Jag kan inte se vilken organisation meddelandet kommer från, så jag gör ingenting med det.',
} as const;

export type MessageKey = keyof typeof sv;
