import { eventNoteText, localText } from './event-note';

describe('the text of a timeline note', () => {
  it("words the software's coded notes in the reader's language, with their values", () => {
    const e = { note: null, systemNote: { code: 'intake.possibleDuplicate' as const, params: { number: 'CZ-20261207-0042' } }, actor: { id: null, role: 'system' as const, name: '系统' } };
    expect(eventNoteText(e, 'zh-CN')).toBe('疑似重复：CZ-20261207-0042');
    expect(eventNoteText(e, 'en')).toBe('Possible duplicate of CZ-20261207-0042');
  });

  it('shows what a person wrote as written, in any language', () => {
    const e = { note: '油污已清洗 / 路面恢复', systemNote: null, actor: { id: 'u1', role: 'grid_worker' as const, name: '王' } };
    expect(eventNoteText(e, 'en')).toBe('油污已清洗 / 路面恢复');
  });

  it('shows the half of an older bilingual system note in the reader\'s language', () => {
    expect(localText('自动立案 / auto-filed', 'zh-CN')).toBe('自动立案');
    expect(localText('自动立案 / auto-filed', 'en')).toBe('auto-filed');
    expect(localText('请核查 CZ-20261127-0023 / please check this fix', 'en')).toBe('please check this fix');
    expect(localText('油污已清洗 / 路面恢复', 'en')).toBe('油污已清洗 / 路面恢复');
    const old = { note: '自动受理 / auto-registered', systemNote: null, actor: { id: null, role: 'system' as const, name: '系统 system' } };
    expect(eventNoteText(old, 'en')).toBe('auto-registered');
  });
});
