-- Standard normal pseudo-random number from (seed, key, salt): Box–Muller over two uniforms made as in gen_rand
-- (written out here because a macro body may only use built-in functions).
CREATE OR REPLACE TEMP MACRO gen_normal(seed, k, salt) AS
  sqrt(-2 * ln(((hash(seed || '|' || k || '|' || salt || '/bm1') >> 11)::DOUBLE + 0.5) / 9007199254740992.0))
  * cos(2 * pi() * ((hash(seed || '|' || k || '|' || salt || '/bm2') >> 11)::DOUBLE + 0.5) / 9007199254740992.0)
