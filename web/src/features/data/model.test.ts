import { describe, expect, it } from 'vitest';
import { localized, rejectReason, warningRules } from './model.ts';

describe('ingest report helpers', () => {
  it('pick the reader language from bilingual messages', () => {
    expect(localized({ zh: '文件为空', en: 'the file is empty' }, 'en')).toBe('the file is empty');
    expect(localized({ zh: '文件为空', en: 'the file is empty' }, 'zh-CN')).toBe('文件为空');
    expect(rejectReason({ reason_code: 'unparseable_date', reason: { zh: '无法识别为日期', en: 'not a date' } }, 'en')).toBe('not a date');
    expect(rejectReason({ reason_code: 'x', reason_zh: '中', reason_en: 'en' }, 'zh-CN')).toBe('中');
  });
  it('read warning counts in either shape', () => {
    expect(warningRules({ warnings_by_rule: { free_purpose_amount: 3 } }, 'en')).toEqual([{ rule: 'free_purpose_amount', count: 3 }]);
    expect(warningRules({ warnings_by_rule: [{ rule_code: 'r', count: 2, message: { zh: '规则', en: 'rule' } }] }, 'zh-CN')).toEqual([{ rule: '规则', count: 2 }]);
  });
});
