/**
 * Routes from the contract's endpoint table (contract/endpoints.ts): `route()` mounts one endpoint, parses its path
 * parameters, query and body with the endpoint's schemas (a refusal is one error shape, see toParamError) and hands the
 * handler typed input. The handler returns the answer, which is sent as JSON, or `SENT` when it wrote the response
 * itself (tables in the format asked for, file streams, statuses other than 200).
 */
import type { Request, Response, Router } from 'express';
import type { z } from 'zod';
import type { Endpoint } from '../../contract/endpoints.ts';
import { checkKnownCodes, hasFilters } from '../filters.ts';
import { Admission, isWorkClass } from './admission.ts';
import { allows, identityOf, refusal } from './identity.ts';
import { bodyObject, parse } from './parse.ts';

/** Returned by a handler that has sent its response itself (a class with a private field: nothing else matches it). */
class Sent {
  private readonly sent = true;
}
export const SENT = new Sent();

/** JSON text of a known shape: a cached answer is kept as its text and sent without serialising it again. */
export type JsonText<T> = string & { readonly __json: T };
export const jsonText = <T>(value: T) => JSON.stringify(value) as JsonText<T>;

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;
export interface Input<E extends Endpoint> {
  params: Out<E['params']>;
  query: Out<E['query']>;
  body: Out<E['body']>;
}
type Answer<E extends Endpoint> = E['kind'] extends 'json' ? Out<E['answer']> | JsonText<Out<E['answer']>> : never;
export type Handler<E extends Endpoint> = (
  input: Input<E>,
  req: Request,
  res: Response,
) => Promise<Answer<E> | Sent> | Answer<E> | Sent;

const METHODS = { GET: 'get', POST: 'post', PUT: 'put', PATCH: 'patch', DELETE: 'delete' } as const;

/** Mount `endpoint` on `router` (which is mounted under /api). */
export function route<E extends Endpoint>(router: Router, endpoint: E, handler: Handler<E>): void {
  router[METHODS[endpoint.method]](endpoint.path, async (req: Request, res: Response) => {
    const identity = identityOf(res);
    if (!allows(endpoint.access, identity)) throw refusal(endpoint.access, identity);
    const input = {
      params: endpoint.params ? parse(endpoint.params, req.params, 'params', endpoint.codes) : undefined,
      query: endpoint.query ? withKnownCodes(parse(endpoint.query, req.query, 'query', endpoint.codes)) : undefined,
      body: endpoint.body ? parse(endpoint.body, bodyObject(req.body), 'body', endpoint.codes) : undefined,
    } as Input<E>;
    // after the checks, so a refused request never takes a slot
    if (isWorkClass(endpoint.work)) await Admission.of(req)?.admit(endpoint.work, res);
    const answer = await handler(input, req, res);
    if (answer === SENT) return;
    if (typeof answer === 'string') res.type('application/json; charset=utf-8').send(answer);
    else res.json(answer);
  });
}

/** A query with the shared filters has each code checked against the reference lists too (filters.ts). */
function withKnownCodes<T>(query: T): T {
  return hasFilters(query) ? checkKnownCodes(query) : query;
}
