/**
 * Indents JSON text that may stop anywhere (a preview cut at its byte budget), so a truncated payload
 * reads like the tree would: one member per line, two spaces per level. Strings are copied as they
 * are; the text is never parsed, so a cut inside a string or a number is fine. Pure.
 */
export function indentJsonText(text: string): string {
  const out: string[] = [];
  let depth = 0;
  let inString = false;
  let escaped = false;
  const newline = () => out.push('\n', '  '.repeat(Math.max(depth, 0)));
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (inString) {
      out.push(char);
      if (escaped) escaped = false;
      else if (char === '\\') escaped = true;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === ' ' || char === '\n' || char === '\t' || char === '\r') continue;
    if (char === '"') {
      inString = true;
      out.push(char);
    } else if (char === '{' || char === '[') {
      const close = char === '{' ? '}' : ']';
      if (text[i + 1] === close) {
        out.push(char, close);
        i += 1;
        continue;
      }
      depth += 1;
      out.push(char);
      newline();
    } else if (char === '}' || char === ']') {
      depth -= 1;
      newline();
      out.push(char);
    } else if (char === ',') {
      out.push(char);
      newline();
    } else if (char === ':') {
      out.push(': ');
    } else {
      out.push(char);
    }
  }
  return out.join('');
}
