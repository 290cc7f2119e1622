import { describe, expect, it } from 'vitest';
import { ApiError } from '../../app/api.ts';
import { translate } from '../../app/i18n.ts';
import { describeError } from './error-text.ts';
import { messages } from './messages.ts';

describe('workbench error text', () => {
  const zh = (k: keyof (typeof messages)['en']) => translate(messages, 'zh-CN', k);
  const en = (k: keyof (typeof messages)['en']) => translate(messages, 'en', k);

  it('says what happened in the page language, with the server text in that language and no code', () => {
    const taken = new ApiError(
      'a saved query is already called "x"',
      409,
      'saved_query_title_taken',
      {},
      '已有名为“x”的查询',
    );
    expect(describeError(taken, 'zh-CN', zh)).toEqual({ headline: '标题已被使用。', detail: '已有名为“x”的查询' });
    expect(describeError(taken, 'en', en)).toEqual({
      headline: 'That title is taken.',
      detail: 'a saved query is already called "x"',
    });
    const cancelled = new ApiError('query wb-1 was cancelled', 409, 'query_cancelled', {}, '查询 wb-1 已取消');
    expect(describeError(cancelled, 'zh-CN', zh)).toEqual({ headline: '查询已取消。', detail: '' });
    const refused = new ApiError('Permission Error: file system access is disabled', 400, 'sql_refused');
    expect(describeError(refused, 'zh-CN', zh).headline).toBe('沙箱拒绝了这条语句。');
    for (const e of [taken, cancelled, refused])
      for (const lang of ['zh-CN', 'en'] as const) {
        const text = describeError(e, lang, lang === 'en' ? en : zh);
        expect(`${text.headline} ${text.detail}`).not.toContain(e.code);
      }
  });

  it('names an unknown failure and a lost connection without codes', () => {
    expect(describeError(new ApiError('boom', 500, 'internal'), 'en', en).headline).toBe('The request failed.');
    expect(describeError(new ApiError('fetch failed', 0, 'network'), 'zh-CN', zh)).toEqual({
      headline: '无法连接服务器。',
      detail: '',
    });
  });
});
