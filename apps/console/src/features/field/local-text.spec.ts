import { localText, noticeText } from './local-text';

describe('one language of a "中文 / English" server text', () => {
  it('keeps the half of the current language', () => {
    expect(localText('自动立案 / auto-filed', 'zh-CN')).toBe('自动立案');
    expect(localText('自动立案 / auto-filed', 'en')).toBe('auto-filed');
    expect(localText('请核查 CZ-20261127-0023 / please check this fix', 'en')).toBe('please check this fix');
    expect(localText('请核查 CZ-20261127-0023 / please check this fix', 'zh-CN')).toBe('请核查 CZ-20261127-0023');
  });

  it('leaves what people wrote alone, slashes included', () => {
    expect(localText('油污已清洗 / 路面恢复', 'en')).toBe('油污已清洗 / 路面恢复');
    expect(localText('已清运', 'en')).toBe('已清运');
    expect(localText('a / b', 'zh-CN')).toBe('a / b');
  });
});

describe('a notification title in one language', () => {
  it('keeps the case number the other half carried (the English toast lost it, #15)', () => {
    expect(noticeText('新派遣案件 CZ-20261127-0023 / new case dispatched to you', 'en')).toBe('CZ-20261127-0023 · new case dispatched to you');
    expect(noticeText('新派遣案件 CZ-20261127-0023 / new case dispatched to you', 'zh-CN')).toBe('CZ-20261127-0023 · 新派遣案件');
    expect(noticeText('系统维护 / maintenance', 'en')).toBe('maintenance');
  });
});
