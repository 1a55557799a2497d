import type { ExchangedToken, NewLogin, ScanResult } from '../service/results';
import type { CreatedLogin, DecisionBody, ScanBody, TokenBody } from '../wire';

/** The service's answers as the contract's HTTP bodies: times become ISO strings, nothing else is added. */

const iso = (epochMs: number) => new Date(epochMs).toISOString();

export function toCreatedBody(created: NewLogin, pollIntervalMs: number): CreatedLogin {
  const body: CreatedLogin = {
    id: created.id,
    secret: created.secret,
    content: created.content,
    userCode: created.userCode,
    expiresAt: iso(created.expiresAt),
    pollIntervalMs,
  };
  if (created.rotatesAt) body.rotatesAt = iso(created.rotatesAt);
  if (created.image) body.image = created.image;
  return body;
}

export function toTokenBody({ token, expiresIn, user }: ExchangedToken): TokenBody {
  return { token, tokenType: 'Bearer', expiresIn, user: { id: user.id, name: user.name, picture: user.picture } };
}

export function toScanBody(result: ScanResult): ScanBody {
  const body: ScanBody = {
    id: result.id,
    state: 'scanned',
    expiresAt: iso(result.expiresAt),
    site: result.site,
    requester: { ...result.requester, createdAt: iso(result.requester.createdAt) },
    sameNetwork: result.sameNetwork,
  };
  if (result.checkCode) body.checkCode = result.checkCode;
  return body;
}

export function toDecisionBody(id: string, state: DecisionBody['state']): DecisionBody {
  return { id, state };
}
