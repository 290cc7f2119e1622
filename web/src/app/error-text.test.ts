import { describe, expect, it } from 'vitest';
import { ApiError } from './api.ts';
import { errorText } from './error-text.ts';

const filterError = (message: string, details: object) => new ApiError(message, 400, 'invalid_filter', details);

describe('errorText', () => {
  it('writes the filter errors in Chinese from their details, naming the field as the filter bar does', () => {
    expect(
      errorText(
        filterError('from must be a month written YYYY-MM, got "2025-13"', {
          field: 'from',
          value: '2025-13',
          reason: 'month',
        }),
        'zh-CN',
      ),
    ).toBe('起始月必须是“年-月”（YYYY-MM），收到 "2025-13"');
    expect(
      errorText(
        filterError('regions has an unknown code "999999"', {
          field: 'regions',
          value: '999999',
          reason: 'unknown_code',
        }),
        'zh-CN',
      ),
    ).toBe('地区中的代码 "999999" 不在参考列表中');
    expect(
      errorText(
        filterError('from (2026-01) is after to (2025-01)', {
          field: 'from',
          value: '2026-01',
          to: '2025-01',
          reason: 'order',
        }),
        'zh-CN',
      ),
    ).toBe('起始月（2026-01）晚于截止月（2025-01）');
  });
  it("keeps the server's message in English, and for errors without a known reason", () => {
    const month = filterError('from must be a month written YYYY-MM, got "2025-13"', {
      field: 'from',
      value: '2025-13',
      reason: 'month',
    });
    expect(errorText(month, 'en')).toBe('from must be a month written YYYY-MM, got "2025-13"');
    expect(
      errorText(
        new ApiError('weights must be written nodeId:number,…', 400, 'invalid_weights', { field: 'weights' }),
        'zh-CN',
      ),
    ).toBe('weights must be written nodeId:number,…');
    expect(errorText(filterError('odd', { field: 'nowhere', reason: 'month' }), 'zh-CN')).toBe('odd');
  });
});
