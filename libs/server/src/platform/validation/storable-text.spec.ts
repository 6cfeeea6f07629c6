import { MAX_NESTING, findUnstorableText } from './storable-text';

describe('findUnstorableText', () => {
  it('passes well-formed text: CJK, emoji and other astral characters (surrogate pairs), control characters but NUL', () => {
    expect(findUnstorableText({ a: '井盖 𠮷 🚧', b: ['\t\r\n', '\u001f'], '𠮷野家': 1, n: 3, x: null }, 'body')).toBeNull();
  });

  it.each([
    ['a NUL in a value', { a: ['x', 'b\u0000'] }, 'body.a.1', /NUL/],
    ['a lone high surrogate', { a: 'x\ud800' }, 'body.a', /lone UTF-16 surrogate/],
    ['a lone low surrogate', { a: '\udc00x' }, 'body.a', /lone UTF-16 surrogate/],
    ['two high surrogates in a row', { a: '\ud83d\ud83d' }, 'body.a', /lone/],
    ['a NUL in a name', { categories: { 'a\u0000b': 'E0102' } }, 'body.categories.a\\u0000b', /has a name that contains a NUL/],
    ['a lone surrogate in a name', { ['\ud800']: 1 }, 'body.\\ud800', /has a name/],
  ])('finds %s, with a printable path', (_name, value, path, message) => {
    const problem = findUnstorableText(value, 'body');
    expect(problem?.path).toBe(path);
    expect(problem?.message).toMatch(message);
  });

  it(`refuses nesting deeper than ${MAX_NESTING} levels, without recursion`, () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findUnstorableText(deep, 'body')?.message).toMatch(/nested more than/);
    let ok: unknown = 'x';
    for (let i = 0; i < MAX_NESTING; i++) ok = { a: ok };
    expect(findUnstorableText(ok, 'body')).toBeNull();
  });
});
