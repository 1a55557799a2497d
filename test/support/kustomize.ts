import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

/** A rendered Kubernetes object, as far as the deployment tests read it. */
export type KubeObject = { kind: string; metadata: { name: string } } & Record<string, unknown>;

interface Kustomization {
  resources?: string[];
  patches?: Array<{ path: string }>;
}

const documents = (text: string): KubeObject[] =>
  parseAllDocuments(text)
    .map((document) => document.toJS() as KubeObject | null)
    .filter((object): object is KubeObject => object !== null);

/** `kubectl kustomize <dir>`, or undefined when kubectl is not installed (CI installs only Redis and Chromium). */
export function kubectlKustomize(directory: string): KubeObject[] | undefined {
  try {
    return documents(execFileSync('kubectl', ['kustomize', directory], { encoding: 'utf8', timeout: 30_000 }));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** A strategic merge of maps, as kustomize does it for ConfigMap and Secret patches: null removes a key. */
function merge(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const merged = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else if (typeof value === 'object' && !Array.isArray(value) && typeof merged[key] === 'object') {
      merged[key] = merge(merged[key] as Record<string, unknown>, value as Record<string, unknown>);
    } else merged[key] = value;
  }
  return merged;
}

/**
 * What kustomize renders, for the features deploy/kubernetes uses and no more: resources (files or directories
 * with their own kustomization) and strategic-merge patch files matched by kind and name.
 */
export function renderWithoutKubectl(directory: string): KubeObject[] {
  const kustomization = parse(readFileSync(path.join(directory, 'kustomization.yaml'), 'utf8')) as Kustomization;
  let objects = (kustomization.resources ?? []).flatMap((resource) => {
    const at = path.join(directory, resource);
    return statSync(at).isDirectory() ? renderWithoutKubectl(at) : documents(readFileSync(at, 'utf8'));
  });
  for (const { path: patchFile } of kustomization.patches ?? []) {
    const patch = parse(readFileSync(path.join(directory, patchFile), 'utf8')) as KubeObject;
    const matches = (object: KubeObject) => object.kind === patch.kind && object.metadata.name === patch.metadata.name;
    if (!objects.some(matches)) throw new Error(`${patchFile} patches no ${patch.kind} ${patch.metadata.name}`);
    objects = objects.map((object) => (matches(object) ? (merge(object, patch) as KubeObject) : object));
  }
  return objects;
}

/** The manifests as applied: rendered by kubectl where it is installed, else by the parser above. */
export function renderKustomization(directory: string): KubeObject[] {
  return kubectlKustomize(directory) ?? renderWithoutKubectl(directory);
}
