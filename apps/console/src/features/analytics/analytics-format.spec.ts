import type { AnalyticsRankRow } from '@gridops/contracts';
import { formatMinutes, formatRate, rankingCsv, rateTone } from './analytics-format';

describe('analytics formatting', () => {
  it('formats rates with one decimal and shows a dash when there is nothing to measure', () => {
    expect(formatRate(0.9345)).toBe('93.5%');
    expect(formatRate(1)).toBe('100.0%');
    expect(formatRate(0)).toBe('0.0%');
    expect(formatRate(null)).toBe('—');
  });

  it('formats durations in minutes below 90 and hours above', () => {
    expect(formatMinutes(42.4, 'zh-CN')).toBe('42分钟');
    expect(formatMinutes(210, 'zh-CN')).toBe('3.5小时');
    expect(formatMinutes(210, 'en')).toBe('3.5 h');
    expect(formatMinutes(null, 'en')).toBe('—');
  });

  it('colours a rate against the 90% target', () => {
    expect(rateTone(0.93, 0.9)).toBe('good');
    expect(rateTone(0.85, 0.9)).toBe('warn');
    expect(rateTone(0.6, 0.9)).toBe('bad');
    expect(rateTone(null, 0.9)).toBe('none');
    expect(rateTone(0.05, 0.1, true)).toBe('good');
    expect(rateTone(0.3, 0.1, true)).toBe('bad');
  });

  it('exports a ranking as CSV that Excel opens in Chinese, quoting what needs it', () => {
    const row: AnalyticsRankRow = {
      code: 'jinsha', nameZh: '金沙, 片区', nameEn: 'Jinsha', districtCode: 'jinsha', reported: 10, handled: 8, closed: 7, dueToClose: 8,
      closedOnTime: 7, onTimeRate: 0.875, closureRate: 0.875, overdue: 1, returns: 0, reworks: 1, meanHandlingMinutes: 50, score: 88.5, rank: 1,
    };
    const headers = { rank: '排名', name: '名称', reported: '上报', handled: '处置', closed: '结案', dueToClose: '应结案', onTimeRate: '按期率', closureRate: '结案率', overdue: '超期', returns: '回退', reworks: '返工', score: '得分' };
    const csv = rankingCsv([row], headers, (r) => r.nameZh);
    expect(csv.startsWith('\uFEFF排名,名称,上报')).toBe(true);
    expect(csv).toContain('1,"金沙, 片区",10,8,7,8,87.5%,87.5%,1,0,1,88.5\r\n');
  });

  it('neutralises names a spreadsheet would run as formulas (= + - @ tab CR), keeping numbers as numbers', () => {
    const base: AnalyticsRankRow = {
      code: 'u', nameZh: '', nameEn: '', districtCode: 'jinsha', reported: -1, handled: 0, closed: 0, dueToClose: 0,
      closedOnTime: 0, onTimeRate: null, closureRate: null, overdue: 0, returns: 0, reworks: 0, meanHandlingMinutes: null, score: null, rank: 2,
    };
    const headers = { rank: '=排名', name: '名称', reported: '上报', handled: '处置', closed: '结案', dueToClose: '应结案', onTimeRate: '按期率', closureRate: '结案率', overdue: '超期', returns: '回退', reworks: '返工', score: '得分' };
    const names = ['=HYPERLINK("http://evil.example","点击")', '+cmd|\' /C calc\'!A0', '-2+3', '@SUM(1+1)', '\t=1+1', '\r=1+1', '＝1+1'];
    const lines = rankingCsv(names.map((nameZh) => ({ ...base, nameZh })), headers, (r) => r.nameZh).split('\r\n');
    expect(lines[0].startsWith("\uFEFF'=排名,")).toBe(true);
    expect(lines.slice(1, -1).map((l) => l.split(',')[1])).toEqual([
      `"'=HYPERLINK(""http://evil.example""`, "'+cmd|' /C calc'!A0", "'-2+3", "'@SUM(1+1)", "'\t=1+1", `"'\r=1+1"`, "'＝1+1",
    ]);
    expect(lines[1].split(',')[3]).toBe('-1');
  });
});
