// docs/config.md, generated from the schema so the documentation cannot drift from what is validated:
//   npx tsx scripts/config-docs.ts > docs/config.md   (a test checks the committed file is current)
import type { z } from 'zod';
import { ConfigSchema } from './config-schema.js';

type Def = {
  type: string;
  defaultValue?: unknown;
  innerType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  entries?: Record<string, string>;
  element?: z.ZodType;
  in?: z.ZodType;
};
const defOf = (t: z.ZodType): Def => (t as unknown as { _zod: { def: Def } })._zod.def;

function unwrap(t: z.ZodType): { inner: z.ZodType; defaultValue?: unknown } {
  let cur = t;
  let defaultValue: unknown;
  for (;;) {
    const d = defOf(cur);
    if (d.type === 'default') {
      defaultValue = typeof d.defaultValue === 'function' ? (d.defaultValue as () => unknown)() : d.defaultValue;
      cur = d.innerType!;
    } else if (d.type === 'prefault')
      cur = d.innerType!; // a section: its fields carry the defaults
    else if (d.type === 'pipe') cur = d.in!;
    else return { inner: cur, defaultValue };
  }
}

function typeName(t: z.ZodType): string {
  const d = defOf(t);
  if (d.type === 'enum')
    return Object.values(d.entries!)
      .map((v) => `\`${v}\``)
      .join(' \\| ');
  if (d.type === 'array') return `list of ${typeName(unwrap(d.element!).inner)}`;
  if (d.type === 'object') return 'mapping';
  return d.type;
}

export function configDocs(): string {
  const out = [
    '# Configuration reference',
    '',
    '`ahpo train --config FILE [--section.key=value …]`: the YAML file, then dotted overrides, then validation against',
    'one strict schema (`src/train/config-schema.ts`). Unknown keys are errors. This page is generated from the schema',
    '(`npx tsx scripts/config-docs.ts > docs/config.md`); the run folder keeps the resolved config as `config.yaml`.',
    '',
  ];
  const sections = (defOf(ConfigSchema as unknown as z.ZodType).shape ?? defOf(unwrap(ConfigSchema as unknown as z.ZodType).inner).shape)!;
  for (const [section, schema] of Object.entries(sections)) {
    out.push(`## \`${section}\``, '', '| key | type | default | meaning |', '|---|---|---|---|');
    const fields = defOf(unwrap(schema).inner).shape!;
    for (const [key, field] of Object.entries(fields)) {
      const { inner, defaultValue } = unwrap(field);
      const description = (field as unknown as { description?: string }).description ?? (inner as unknown as { description?: string }).description ?? '';
      out.push(`| \`${section}.${key}\` | ${typeName(inner)} | \`${JSON.stringify(defaultValue)}\` | ${description.replace(/\|/g, '\\|')} |`);
    }
    out.push('');
  }
  out.push(
    '## Cross-field rules',
    '',
    '- `ahpo.threshold` ≤ `ahpo.groupSize` (otherwise the gate is always open: use `ahpo.mode=static` for that).',
    '- `train.warmupSteps` < `train.steps`.',
    "- `ahpo.mode=sft-grpo` needs 1 ≤ `ahpo.switchAtStep` < `train.steps`, and `train.warmupSteps` below both stages' lengths;",
    '  `ahpo.switchAtStep` and `ahpo.rlLr` are refused in every other mode, `ahpo.hptK` outside `ahpo.mode=hpt`.',
    '- `ahpo.hptK` < `ahpo.groupSize` (with k ≥ N every prompt with a trace would train on the trace alone: `ahpo.mode=sft`).',
    '- On `--resume`, the model architecture must match the checkpoint; every other key may change and is recorded.',
    '',
  );
  return out.join('\n');
}
