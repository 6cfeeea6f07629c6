import { csvField, spreadsheetCell, toCsv } from './spreadsheet-cells';

describe('spreadsheet cells of exports', () => {
  it.each(['=1+1', '+1+1', '-1+1', '@SUM(A1)', '\t=1+1', '\r=1+1', '＝1+1', '＋1', '－1', '＠SUM(A1)', '=HYPERLINK("http://evil","x")', "=cmd|' /C calc'!A0"])(
    'neutralises %j with a leading apostrophe',
    (text) => expect(spreadsheetCell(text)).toBe(`'${text}`),
  );

  it.each(['金沙片区', '王 = 先生', 'a+b', '1-2', 'mail@example.com', ' =1', '93.4%', '—', ''])('leaves %j as it is', (text) => expect(spreadsheetCell(text)).toBe(text));

  it('keeps numbers (negative ones too) as numbers, and empties null, undefined and non-finite numbers', () => {
    expect([-3, 0, 88.5, null, undefined, Number.NaN, Number.POSITIVE_INFINITY].map(spreadsheetCell)).toEqual([-3, 0, 88.5, '', '', '', '']);
  });

  it('quotes CSV fields after neutralising them', () => {
    expect(csvField('=HYPERLINK("x","y")')).toBe(`"'=HYPERLINK(""x"",""y"")"`);
    expect(csvField('\r=1')).toBe(`"'\r=1"`);
    expect(csvField('a,b')).toBe('"a,b"');
    expect(toCsv([['名称', '得分'], ['=1+1', -2]])).toBe("\uFEFF名称,得分\r\n'=1+1,-2\r\n");
  });
});
