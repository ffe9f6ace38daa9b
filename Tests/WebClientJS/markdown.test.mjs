// What message content can turn into before sanitising: raw HTML stays text, only safe links become links.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSafeURL, linksIn, markdownToHTML, mentionedUsers, replaceMentionMarkers } from '../../Sources/WebClient/Public/app/markdown/toHTML.js';

test('HTML in a message is shown as text, not parsed', () => {
  const html = markdownToHTML('<script>alert(1)</script> and <img src=x onerror=alert(1)>');
  assert.ok(!html.includes('<script'), html);
  assert.ok(!html.includes('<img'), html);
  assert.ok(html.includes('&lt;script&gt;'), html);
});

test('javascript: and data: links are not links', () => {
  for (const content of ['[click](javascript:alert(1))', '[x](data:text/html,<b>x</b>)', '![p](javascript:alert(1))']) {
    const html = markdownToHTML(content);
    assert.ok(!/href="(javascript|data):/i.test(html), html);
  }
  assert.ok(markdownToHTML('[site](https://example.com)').includes('href="https://example.com"'));
  assert.ok(markdownToHTML('[site](https://example.com)').includes('rel="noopener noreferrer nofollow"'));
  assert.ok(!isSafeURL('javascript:alert(1)'));
  assert.ok(isSafeURL('mailto:a@b.c'));
});

test('Markdown formats; headings are not page headings', () => {
  const html = markdownToHTML('**bold** _it_ `code`\n# Title');
  assert.ok(html.includes('<strong>bold</strong>'));
  assert.ok(html.includes('<em>it</em>'));
  assert.ok(html.includes('<code>code</code>'));
  assert.ok(!html.includes('<h1'));
});

test('mentions become markers that are replaced with names, and are listed once', () => {
  const user = '01HZZZZZZZZZZZZZZZZZZZZZZA';
  const html = markdownToHTML(`hi <@${user}> and <@${user}>`);
  const named = replaceMentionMarkers(html, (kind, id) => `[${kind}${id === user ? 'alice' : '?'}]`);
  assert.ok(named.includes('hi [@alice] and [@alice]'), named);
  assert.deepEqual(mentionedUsers(`<@${user}> <@${user}>`), [user]);
  assert.ok(!markdownToHTML('\uE000@x\uE001').includes('\uE000'), 'markers cannot be forged');
});

test('links are found as the server finds them for embeds', () => {
  assert.deepEqual(linksIn('see https://a.example/x?y=1, and (http://b.example)'), ['https://a.example/x?y=1,', 'http://b.example']);
});

test('plain lines skip parsing only when Markdown would leave them alone', async () => {
  const { isPlainText } = await import('../../Sources/WebClient/Public/app/markdown/toHTML.js');
  for (const plain of ['hello there', 'message 12: plain words, nothing more', 'what? yes.']) {
    assert.ok(isPlainText(plain), plain);
    assert.equal(markdownToHTML(plain).trim(), `<p>${plain}</p>`, 'marked agrees it is one plain paragraph');
  }
  for (const marked_ of ['**bold**', 'a_b_c', '<b>x</b>', 'a & b', 'see https://x.example', '# title', '> quote', '1. item',
    '- item', 'two\nlines', '<@01HZZZZZZZZZZZZZZZZZZZZZZA>', '[a](b)', 'x | y', '`code`', ' leading', 'a\\*b']) {
    assert.ok(!isPlainText(marked_), marked_);
  }
});
