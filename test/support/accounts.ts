import type { TestApp } from './app.js';

export interface Grant {
  role: string;
  scope?: string;
}

/** Creates an account through the API (as the bootstrap administrator) and answers an API token for it. */
export async function accountWithToken(t: Pick<TestApp, 'http'>, id: string, roles: Grant[], displayName = id): Promise<string> {
  const created = await t.http().post('/api/accounts').send({ id, displayName, roles });
  if (created.status !== 201) throw new Error(`creating account ${id}: ${created.status} ${JSON.stringify(created.body)}`);
  const issued = await t.http().post(`/api/accounts/${id}/tokens`).send({ label: 'test' });
  if (issued.status !== 201) throw new Error(`issuing a token for ${id}: ${issued.status} ${JSON.stringify(issued.body)}`);
  return issued.body.token as string;
}
