import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ENVIRONMENT_VARIABLES, loadConfig } from '../../../server/config';
import { healthRoutes, metricsRoutes } from '../../../server/http/routes/ops';
import { Metrics } from '../../../server/observability/metrics';
import { MemoryLoginStore } from '../../../server/store/memory/memory-store';
import { type KubeObject, kubectlKustomize, renderKustomization, renderWithoutKubectl } from '../../support/kustomize';

const ROOT = path.resolve(__dirname, '../../..');
const KUBERNETES = path.join(ROOT, 'deploy/kubernetes');
const KUSTOMIZATIONS = ['base', 'overlays/redis-sentinel', 'overlays/redis-cluster'];

/** The test's own shutdown bound: the service exits within 5 s of SIGTERM (shutdown.test.ts). */
const SERVICE_DRAIN_SECONDS = 5;

interface Probe {
  httpGet: { path: string; port: string | number };
}
interface Container {
  name: string;
  ports: Array<{ name: string; containerPort: number }>;
  env?: Array<{ name: string }>;
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  livenessProbe: Probe;
  readinessProbe: Probe;
  startupProbe: Probe;
  lifecycle: { preStop: { exec: { command: string[] } } };
  securityContext: { readOnlyRootFilesystem: boolean; allowPrivilegeEscalation: boolean };
}
interface PodSpec {
  containers: Container[];
  terminationGracePeriodSeconds: number;
  securityContext: { runAsNonRoot: boolean; runAsUser: number };
}

const one = (objects: KubeObject[], kind: string) => {
  const found = objects.filter((object) => object.kind === kind);
  expect(found).toHaveLength(1);
  return found[0] as KubeObject & Record<string, any>;
};
const podSpec = (objects: KubeObject[]) => one(objects, 'Deployment').spec.template.spec as PodSpec;
const containerOf = (objects: KubeObject[]) => podSpec(objects).containers[0]!;

/** The environment a pod gets: its ConfigMap and Secret (envFrom) and its own `env` entries by name. */
function podEnvironment(objects: KubeObject[]): Record<string, string> {
  const container = containerOf(objects);
  const environment: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    const name = source.configMapRef?.name ?? source.secretRef?.name;
    const kind = source.configMapRef ? 'ConfigMap' : 'Secret';
    const object = objects.find((candidate) => candidate.kind === kind && candidate.metadata.name === name) as
      | (KubeObject & { data?: Record<string, string>; stringData?: Record<string, string> })
      | undefined;
    expect(object).toBeDefined();
    Object.assign(environment, object!.data, object!.stringData);
  }
  for (const variable of container.env ?? []) environment[variable.name] ??= '';
  return environment;
}

/** Every REPLACE-ME as an operator fills it in: a different strong random value each. */
const filledIn = (environment: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(environment).map(([name, value]) => [
      name,
      value.replaceAll('REPLACE-ME', () => randomBytes(36).toString('base64url')),
    ]),
  );

const routePaths = (router: { stack: Array<{ path: string | RegExp }> }) => router.stack.map((layer) => layer.path);

describe.each(KUSTOMIZATIONS)('deploy/kubernetes/%s', (kustomization) => {
  const objects = renderKustomization(path.join(KUBERNETES, kustomization));

  it('probes the service\u2019s real health routes on the container\u2019s http port', () => {
    const container = containerOf(objects);
    const served = routePaths(healthRoutes(new MemoryLoginStore()));
    expect(container.livenessProbe.httpGet).toEqual({ path: '/livez', port: 'http' });
    expect(container.startupProbe.httpGet).toEqual({ path: '/livez', port: 'http' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(served).toEqual(expect.arrayContaining(['/livez', '/readyz']));
  });

  it('opens the ports the service listens on: PORT for http, METRICS_PORT for /metrics alone', () => {
    const environment = podEnvironment(objects);
    const ports = Object.fromEntries(containerOf(objects).ports.map((port) => [port.name, port.containerPort]));
    expect(ports).toEqual({ http: Number(environment.PORT), metrics: Number(environment.METRICS_PORT) });
    expect(routePaths(metricsRoutes(new Metrics()))).toEqual(['/metrics']);
    // Outside the pod the metrics port is only named by the Service, never routed by the Ingress.
    const service = one(objects, 'Service');
    expect(service.spec.ports.map((port: { targetPort: string }) => port.targetPort)).toEqual(['http', 'metrics']);
    const backends = one(objects, 'Ingress').spec.rules.flatMap((rule: any) =>
      rule.http.paths.map((route: any) => route.backend.service.port.name),
    );
    expect(new Set(backends)).toEqual(new Set(['http']));
    const policyPorts = one(objects, 'NetworkPolicy').spec.ingress.flatMap((rule: any) =>
      rule.ports.map((port: { port: string }) => port.port),
    );
    expect(new Set(policyPorts)).toEqual(new Set(['http', 'metrics']));
  });

  it('names only variables the service reads (or standard OTEL_* ones)', () => {
    const unknown = Object.keys(podEnvironment(objects)).filter(
      (name) => !ENVIRONMENT_VARIABLES.includes(name) && !name.startsWith('OTEL_'),
    );
    expect(unknown).toEqual([]);
  });

  it('provides every production setting: the service starts once each REPLACE-ME is filled in, and not before', () => {
    const environment = podEnvironment(objects);
    expect(environment.NODE_ENV).toBe('production');
    expect(() => loadConfig(filledIn(environment))).not.toThrow();
    expect(() => loadConfig(environment)).toThrow(/SESSION_JWT_SECRET/);
  });

  it('runs as the image\u2019s non-root user on a read-only root, and drains before it is killed', () => {
    const pod = podSpec(objects);
    const container = containerOf(objects);
    const runtimeStage = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8').split(/^FROM .* AS runtime$/m)[1]!;
    expect(runtimeStage).toMatch(/^USER node$/m);
    expect(runtimeStage).toMatch(/^EXPOSE 3000$/m);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    const [sleep, seconds] = container.lifecycle.preStop.exec.command;
    expect(sleep).toBe('sleep');
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(Number(seconds) + SERVICE_DRAIN_SECONDS);
  });

  it('keeps at least two pods, one disrupted at a time, all selected by the pods\u2019 own labels', () => {
    const labels = one(objects, 'Deployment').spec.template.metadata.labels;
    expect(one(objects, 'HorizontalPodAutoscaler').spec).toMatchObject({
      minReplicas: 2,
      scaleTargetRef: { kind: 'Deployment', name: 'qr-login' },
    });
    expect(one(objects, 'PodDisruptionBudget').spec).toMatchObject({ maxUnavailable: 1 });
    for (const kind of ['PodDisruptionBudget', 'Deployment']) {
      expect(labels).toMatchObject(one(objects, kind).spec.selector.matchLabels);
    }
    expect(labels).toMatchObject(one(objects, 'Service').spec.selector);
    expect(labels).toMatchObject(one(objects, 'NetworkPolicy').spec.podSelector.matchLabels);
  });
});

describe('the kustomize stand-in used where kubectl is not installed', () => {
  const kubectlPresent = kubectlKustomize(path.join(KUBERNETES, 'base')) !== undefined;

  it.each(KUSTOMIZATIONS)('renders %s as kubectl does (compared where kubectl is installed)', (kustomization) => {
    const directory = path.join(KUBERNETES, kustomization);
    const byKind = (objects: KubeObject[]) =>
      [...objects].sort((a, b) => `${a.kind}/${a.metadata.name}`.localeCompare(`${b.kind}/${b.metadata.name}`));
    const standIn = byKind(renderWithoutKubectl(directory));
    expect(standIn.length).toBeGreaterThan(0);
    if (kubectlPresent) expect(standIn).toEqual(byKind(kubectlKustomize(directory)!));
  });
});
