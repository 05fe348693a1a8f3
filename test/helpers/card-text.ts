/** Reading cards the way a person does (no app imports, so the bench can use it too). */

/** The Adaptive Card content of a recorded message, or undefined. */
export function cardOf(body: any): any {
  return body?.attachments?.find((a: any) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}

/** The texts a person reads on a card, in document order. */
export function cardTexts(card: any): string[] {
  const texts: string[] = [];
  const visit = (node: any) => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if ((key === 'text' || key === 'title' || key === 'value' || key === 'label' || key === 'placeholder') && typeof value === 'string') texts.push(value);
        else visit(value);
      }
    }
  };
  visit(card);
  return texts;
}

/** All the text of a card, one line per text, for assertions. */
export function cardText(card: any): string {
  return cardTexts(card).join('\n');
}

/** The values of a form card's inputs, as Teams sends them back on a click. */
export function formValues(card: any): Record<string, string> {
  const values: Record<string, string> = {};
  const visit = (node: any) => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      if (typeof node.type === 'string' && node.type.startsWith('Input.') && node.id) values[node.id] = node.value ?? '';
      Object.values(node).forEach(visit);
    }
  };
  visit(card.body);
  return values;
}
