import { describe, expect, it } from 'vitest';
import { countsBy, fileNote, localized, rejectReason } from './model.ts';

describe('ingest report helpers', () => {
  it('pick the reader language from bilingual messages', () => {
    expect(localized({ zh: '文件为空', en: 'the file is empty' }, 'en')).toBe('the file is empty');
    expect(localized({ zh: '文件为空', en: 'the file is empty' }, 'zh-CN')).toBe('文件为空');
    expect(rejectReason({ reason_code: 'unparseable_date', reason: { zh: '无法识别为日期', en: 'not a date' } }, 'en')).toBe('not a date');
    expect(rejectReason({ reason_code: 'x', reason_zh: '中', reason_en: 'en' }, 'zh-CN')).toBe('中');
  });
  it('lists counts by rule with labels, largest first', () => {
    const counts = { A: { count: 1, zh: '甲', en: 'a' }, B: { count: 3, zh: '乙', en: 'b' } };
    expect(countsBy(counts, 'zh-CN')).toEqual([{ code: 'B', label: '乙', count: 3 }, { code: 'A', label: '甲', count: 1 }]);
  });
  it('writes file problems in the reader language with their specifics', () => {
    const note = { code: 'missing_columns', message: 'required columns are missing: calls', zh: '缺少必需的列', en: 'required columns are missing', detail: { missing: ['calls', 'amount_cny'] } };
    expect(fileNote(note, 'en')).toBe('required columns are missing: calls');
    expect(fileNote(note, 'zh-CN')).toBe('缺少必需的列：calls、amount_cny');
  });
  it('leave the kind a file looks like to the page, in both languages', () => {
    const note = {
      code: 'missing_columns',
      message: 'required columns are missing: calls (found: org_id, name); these columns match org: load the file as that kind',
      zh: '缺少必需的列',
      detail: { missing: ['calls'], looks_like: 'org' },
    };
    expect(fileNote(note, 'en')).toBe('required columns are missing: calls (found: org_id, name)');
    expect(fileNote(note, 'zh-CN')).toBe('缺少必需的列：calls');
  });
});
