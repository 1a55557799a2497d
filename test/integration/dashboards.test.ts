/**
 * deploy/observability names only what the service exports: every metric in the Grafana dashboard and the
 * Prometheus alerts is scraped from a running service after a real login went through it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { connectBrowser } from '../support/browser-socket';
import { expectStatus } from '../support/contract-checks';
import { eventually } from '../support/eventually';
import { QrApi } from '../support/qr-api';
import { serverForSuite, serverOnOwnRedisForSuite, type TestServer } from '../support/server';

const OBSERVABILITY = path.resolve(__dirname, '../../deploy/observability');
const dashboard = JSON.parse(readFileSync(path.join(OBSERVABILITY, 'grafana/qr-login.json'), 'utf8')) as {
  uid: string;
  panels: Array<{ id: number; title: string; targets: Array<{ expr: string }> }>;
};
const alerts = parse(readFileSync(path.join(OBSERVABILITY, 'prometheus/qr-login-alerts.yaml'), 'utf8')) as {
  groups: Array<{ rules: Array<{ alert: string; expr: string; labels: { severity: string } }> }>;
};
const dashboardExpressions = dashboard.panels.flatMap((panel) => panel.targets.map((target) => target.expr));
const alertRules = alerts.groups.flatMap((group) => group.rules);

/** Series Prometheus makes itself, not the service. */
const PROMETHEUS_OWN = new Set(['up']);
const PROMQL_KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'and',
  'or',
  'unless',
  'bool',
  'offset',
]);

/** The metric names a PromQL expression reads: identifiers that are neither functions, keywords nor labels. */
function metricNames(expression: string): string[] {
  const bare = expression
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '');
  return [...bare.matchAll(/[A-Za-z_:][\w:]*/g)]
    .filter((match) => !PROMQL_KEYWORDS.has(match[0]) && !/^\s*\(/.test(bare.slice(match.index + match[0].length)))
    .map((match) => match[0]);
}

/** Every series name a scrape can hold: each family declared (with a histogram's three series) and each sample. */
function exportedNames(scrape: string): Set<string> {
  const names = new Set<string>();
  for (const line of scrape.split('\n')) {
    const declared = /^# TYPE (\S+) (\w+)$/.exec(line);
    if (declared) {
      const [, family, type] = declared as unknown as [string, string, string];
      const series =
        type === 'histogram' ? ['_bucket', '_count', '_sum'] : type === 'summary' ? ['_count', '_sum', ''] : [''];
      for (const suffix of series) names.add(`${family}${suffix}`);
    } else if (!line.startsWith('#')) {
      const sample = /^[A-Za-z_:][\w:]*/.exec(line)?.[0];
      if (sample) names.add(sample);
    }
  }
  return names;
}

/** One sample's value, summed over its label sets (0 when absent). */
function sampleSum(scrape: string, name: string): number {
  return scrape
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

const scrape = (server: TestServer) => new QrApi(server.metricsUrl ?? server.url).metrics();

/** A login all the way through on the defaults: browser waits on its socket, the phone scans with the rotation mark and picks the code. */
async function signInOverPush(server: TestServer): Promise<void> {
  const api = new QrApi(server.url);
  const login = await api.createLogin({ query: '?image=none' });
  const browser = await connectBrowser(server.url, { id: login.id, secret: login.secret });
  try {
    const phone = server.mobileToken('alice');
    const rotation = login.content.split(`/scan/${login.id}/`)[1];
    expectStatus(await api.send('POST', `/api/qr/${login.id}/scan`, { token: phone, json: { rotation } }), 200);
    const { checkCode } = await browser.waitForState('scanned');
    expectStatus(await api.send('POST', `/api/qr/${login.id}/confirm`, { token: phone, json: { checkCode } }), 200);
    await browser.waitForState('confirmed');
    expectStatus(await api.token(login.id, login.secret), 200);
    // A second confirm is refused: the refusal counter gets a sample too.
    expect((await api.send('POST', `/api/qr/${login.id}/confirm`, { token: phone, json: { checkCode } })).status).toBe(
      409,
    );
  } finally {
    browser.close();
  }
}

describe('deploy/observability against the metrics of a running service', () => {
  const suite = serverForSuite({ METRICS_PORT: '0' });

  it('finds metric names in every dashboard panel and alert (the check itself reads them)', () => {
    expect(new Set(dashboard.panels.map((panel) => panel.id)).size).toBe(dashboard.panels.length);
    for (const expression of [...dashboardExpressions, ...alertRules.map((rule) => rule.expr)]) {
      expect(metricNames(expression).length).toBeGreaterThan(0);
    }
    expect(metricNames('histogram_quantile(0.99, sum by (le) (rate(a_bucket{x="y"}[5m]))) or vector(0)')).toEqual([
      'a_bucket',
    ]);
    for (const rule of alertRules) expect(['critical', 'warning', 'info']).toContain(rule.labels.severity);
  });

  it('names only metrics the service exports, after a login went through it', async () => {
    await signInOverPush(suite.server);
    const exported = exportedNames(await scrape(suite.server));
    const named = new Set([...dashboardExpressions, ...alertRules.map((rule) => rule.expr)].flatMap(metricNames));
    const missing = [...named].filter((name) => !exported.has(name) && !PROMETHEUS_OWN.has(name));
    expect(missing).toEqual([]);
    // What the dashboard is for is there: logins by outcome, refusals, pushes and their delay, readiness.
    for (const topic of [
      'qr_login_transitions_total',
      'qr_login_refusals_total',
      'qr_push_delay_seconds_bucket',
      'qr_redis_errors_total',
      'qr_ready',
      'qr_sockets_connected',
    ]) {
      expect(named).toContain(topic);
    }
  });

  it('times the pushes of that login and reports the instance ready', async () => {
    const text = await scrape(suite.server);
    expect(sampleSum(text, 'qr_push_delay_seconds_count')).toBeGreaterThanOrEqual(3);
    expect(sampleSum(text, 'qr_ready')).toBe(1);
  });
});

describe('the Redis panels while Redis is away', () => {
  const suite = serverOnOwnRedisForSuite({ METRICS_PORT: '0' });

  it('counts Redis errors and reports not ready, then ready again once Redis is back', async () => {
    await suite.redis.stop();
    await eventually(async () => {
      const text = await scrape(suite.server);
      return sampleSum(text, 'qr_ready') === 0 && sampleSum(text, 'qr_redis_errors_total') > 0;
    }, 10_000);
    await suite.redis.restart();
    await eventually(async () => sampleSum(await scrape(suite.server), 'qr_ready') === 1, 15_000);
  });
});
