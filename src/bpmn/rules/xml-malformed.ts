/** xml-malformed: one error at the first XML error; the other rules still check what could be read. */
import { messages } from '../catalogue';
import { ruleDocs, type Rule } from './support';

export const rule: Rule = {
  id: 'xml-malformed',
  defaultSeverity: 'error',
  docs: ruleDocs('xml-malformed'),
  check(ctx) {
    const first = ctx.model.xml.errors[0];
    if (!first) return;
    ctx.report({ range: first.range, message: messages.xmlMalformed(first.message) });
  },
};
