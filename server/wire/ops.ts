/** The bodies of the operator and well-known endpoints: probes, JWKS and the app links. */
import { z } from 'zod';

export const liveBody = z.object({ status: z.literal('ok') }).meta({ id: 'LiveBody' });

export const readyBody = z
  .object({ status: z.literal('ok'), store: z.enum(['redis', 'memory']) })
  .meta({ id: 'ReadyBody' });

/** RFC 7517: the public keys of session tokens (empty with HS256 secrets). */
export const jwksBody = z
  .object({ keys: z.array(z.looseObject({ kty: z.string(), kid: z.string().optional() })) })
  .meta({ id: 'JwksBody' });

/** Apple's universal links file: only `/scan/*` opens in the app. */
export const appleAppSiteAssociation = z
  .object({
    applinks: z.object({
      details: z.array(z.object({ appIDs: z.array(z.string()), components: z.array(z.object({ '/': z.string() })) })),
    }),
  })
  .meta({ id: 'AppleAppSiteAssociation' });

/** Android's Digital Asset Links statement list. */
export const assetLinks = z
  .array(
    z.object({
      relation: z.array(z.string()),
      target: z.object({
        namespace: z.literal('android_app'),
        package_name: z.string(),
        sha256_cert_fingerprints: z.array(z.string()),
      }),
    }),
  )
  .meta({ id: 'AssetLinks' });
