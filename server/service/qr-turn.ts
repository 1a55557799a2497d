import { type Login, type LoginStatus, type RotationPolicy, rotatesAt, rotationMark, rotationStep } from '../domain';

/**
 * How a waiting login's QR content turns: its mark is an HMAC of fields that never change (the id, the secret's hash,
 * when it was made), so the next content is computed here, with no store read. Holds only those fields, not the
 * login: a waiting browser should cost little memory.
 */
export class QrTurn {
  private readonly login: Pick<Login, 'id' | 'secretHash' | 'createdAt'>;

  constructor(
    login: Pick<Login, 'id' | 'secretHash' | 'createdAt'>,
    private readonly base: string,
    private readonly policy: RotationPolicy,
  ) {
    this.login = { id: login.id, secretHash: login.secretHash, createdAt: login.createdAt };
  }

  /** The QR content at `now`, with its step and when the next one takes over. */
  at(now: number): Pick<LoginStatus, 'content' | 'rotation' | 'rotatesAt'> {
    const step = rotationStep(this.login, now, this.policy);
    return {
      content: `${this.base}/${rotationMark(this.login, step)}`,
      rotation: step,
      rotatesAt: rotatesAt(this.login, step, this.policy),
    };
  }

  /** A waiting login's `status` as it is at `now`: the same, with the content of the step then. */
  turn(status: LoginStatus, now: number): LoginStatus {
    return { ...status, ...this.at(now) };
  }
}
