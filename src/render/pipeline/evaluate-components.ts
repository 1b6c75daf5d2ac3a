// Pipeline step: evaluates each selected component on its own (Jsonnet with the environment's
// params and environment ext vars; YAML/JSON manifests with their params applied as a merge patch).
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import * as yamlModule from 'yaml';
import { parseAllDocuments, LineCounter } from 'yaml';
import type { Component } from '../../app/app.js';
import { evaluating } from '../../app/jsonnet-engine.js';
import { mergePatch } from '../../app/merge-patch.js';
import type { ResolvedParams } from '../../app/params.js';
import { UserError } from '../../errors.js';
import { parseJsonText } from '../../util/json-text.js';
import type { Engine, ExtValue } from '../../jsonnet/index.js';
import { documentValue, yamlV2Options, YamlV2Error } from '../../jsonnet/yaml-v2.js';
import type { ComponentValue } from './flatten.js';

export interface EvaluationContext {
  root: string;
  /** the environment rendered */
  envName: string;
  engine: Engine;
  params: ResolvedParams;
  /** ext vars every component sees (`__ksonnet/params`, `__ksonnet/environments`, user's) */
  extVars: Record<string, ExtValue>;
  /** a component's own ext vars, over extVars (a Tanka static environment's `tanka.dev/environment`) */
  ownExtVars?: (component: string) => Record<string, ExtValue> | undefined;
  /** top-level arguments, applied to components that evaluate to a function (`--tla-str`, `--tla-code`) */
  tlas: Record<string, ExtValue>;
  /** keys a YAML/JSON component must not be patched with (it got them only from globals) */
  globalOnlyKeys: (component: string) => Set<string>;
}

export function evaluateComponents(components: Component[], context: EvaluationContext): ComponentValue[] {
  return components.map((component) =>
    component.format === 'jsonnet'
      ? {
          component: component.name,
          file: component.file,
          value: evaluateJsonnet(component, context),
          origin: [],
        }
      : {
          component: component.name,
          file: component.file,
          value: evaluateManifest(component, context),
          origin: [],
        },
  );
}

function evaluateJsonnet(component: Component, context: EvaluationContext): unknown {
  const own = context.ownExtVars?.(component.name);
  const extVars = own === undefined ? context.extVars : { ...context.extVars, ...own };
  return evaluating(
    `component '${component.name}'`,
    context.root,
    () => context.engine.evaluateFile(component.file, { extVars, tlas: context.tlas }),
    component.file,
    { env: context.envName, component: component.name },
  );
}

function evaluateManifest(component: Component, context: EvaluationContext): unknown {
  const text = readFileSync(component.file, 'utf8');
  const display = relative(context.root, component.file);
  let documents: unknown[];
  if (component.format === 'json') {
    const parsed = parseJsonText(text);
    if ('error' in parsed) {
      const { message, line, column } = parsed.error;
      throw new UserError(`component '${component.name}' is not valid JSON: ${message}`, {
        location: { file: display, line, column },
        hint: 'fix the JSON syntax',
      });
    }
    documents = [parsed.value];
  } else {
    const lineCounter = new LineCounter();
    // YAML as kubectl reads it (1.1: `0644` is octal, `yes` is true): jsonnet/yaml-v2.ts
    const parsed = parseAllDocuments(text, { lineCounter, ...yamlV2Options() });
    const docs = Array.isArray(parsed) ? parsed : [parsed];
    for (const doc of docs) {
      const err = doc.errors[0];
      if (err) {
        const pos = lineCounter.linePos(err.pos[0]);
        throw new UserError(
          // The yaml package ends its message with its own " at line 4, column 1:".
          `component '${component.name}' is not valid YAML: ${err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`,
          {
            location: { file: display, line: pos.line, column: pos.col },
            hint: 'fix the YAML syntax',
          },
        );
      }
    }
    documents = docs
      .map((d) => {
        try {
          return documentValue(yamlModule, d, text);
        } catch (error) {
          if (!(error instanceof YamlV2Error)) throw error;
          throw new UserError(`component '${component.name}' is not valid YAML: ${error.message}`, {
            location: { file: display },
          });
        }
      })
      .filter((d) => d !== null && d !== undefined);
  }
  const skip = context.globalOnlyKeys(component.name);
  const patch = Object.fromEntries(
    Object.entries(context.params.components[component.name] ?? {}).filter(([key]) => !skip.has(key)),
  );
  if (Object.keys(patch).length === 0) return documents;
  return documents.map((doc) => mergePatch(doc, patch));
}
