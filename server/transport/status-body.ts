import type { LoginStatus } from '../domain';
import type { StatusBody } from '../wire';

/** The status as both transports send it: the poll answer and the socket's `state` push. */
export function toStatusBody(status: LoginStatus): StatusBody {
  const body: StatusBody = {
    id: status.id,
    state: status.state,
    version: status.version,
    expiresAt: new Date(status.expiresAt).toISOString(),
  };
  if (status.user) body.user = status.user;
  if (status.checkCode !== undefined) body.checkCode = status.checkCode;
  if (status.reason !== undefined) body.reason = status.reason;
  if (status.content !== undefined) body.content = status.content;
  if (status.rotation !== undefined) body.rotation = status.rotation;
  if (status.rotatesAt !== undefined) body.rotatesAt = new Date(status.rotatesAt).toISOString();
  if (status.image !== undefined) body.image = status.image;
  return body;
}
