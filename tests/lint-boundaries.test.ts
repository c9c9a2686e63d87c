// The layer rules in eslint.config.js are only worth having if they fire: lint probe sources as if they lived in
// each layer (lintText with a virtual path; nothing is written) and check what is refused and what is allowed.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function problems(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('import boundaries between layers', () => {
  it.each([
    ['src/model/probe.ts', "import { resolveConfig } from '../train/config.js';", /Model code knows nothing of RL/],
    ['src/model/probe.ts', "import { generate } from '../rollout/generate.js';", /Model code knows nothing/],
    ['src/ahpo/probe.ts', "import { initParams } from '../model/params.js';", /pure functions/],
    ['src/rollout/probe.ts', "import { ahpoLoss } from '../ahpo/losses.js';", /know nothing of the loss/],
    ['src/runtime/probe.ts', "import { initParams } from '../model/params.js';", /sits below everything/],
    ['src/tasks/maze/probe.ts', "import { train } from '../../train/loop.js';", /Tasks know nothing/],
    ['src/tasks/maze/probe.ts', "import * as tf from '@tensorflow/tfjs-core';", /must not depend on tfjs/],
    // A task folder stands alone: another task's folder is refused, whichever way the path is written.
    ['src/tasks/calcudoku/probe.ts', "import { solveFutoshiki } from '../futoshiki/solve.js';", /never another task's folder/],
    ['src/tasks/max_flow/probe.ts', "import type { Adjacency } from '../shortest_path/solve.js';", /never another task's folder/],
    ['src/tasks/maze/probe.ts', "import { task } from '../../tasks/sokoban/index.js';", /never another task's folder/],
    ['src/tasks/common/probe.ts', "import { parseMazeState } from '../maze/state.js';", /never another task's folder/],
    ['src/tasks/maze/probe.ts', "import { readRecords } from '../../dataset/records.js';", /Tasks know nothing|never another task's folder/],
    ['src/tasks/maze/probe.ts', "import * as tf from '@tensorflow/tfjs-core';\nimport { x } from '../common/grid.js';", /must not depend on tfjs/],
    ['src/tasks/probe.ts', "import { readRecords } from '../dataset/records.js';", /Tasks know nothing/],
    ['src/dataset/probe.ts', "import { train } from '../train/loop.js';", /Datasets .* know nothing of the model or RL/],
    ['src/train/probe.ts', "import * as vm from 'node:vm';", /never evaluated/],
  ])('%s: %s is refused', async (path, line, why) => {
    const found = await problems(path, `${line}\nexport const probe = 1;\n`);
    expect(
      found.some((m) => m.startsWith('no-restricted-imports') && why.test(m)),
      found.join('\n'),
    ).toBe(true);
  });

  it.each([
    ['src/rollout/probe.ts', "import { initParams } from '../model/params.js';"],
    ['src/train/probe.ts', "import { ahpoLoss } from '../ahpo/losses.js';"],
    ['src/ahpo/probe.ts', "import { getTask } from '../tasks/registry.js';"],
    ['src/tasks/maze/probe.ts', "import { parseDirections } from '../common/game-moves.js';"],
    ['src/tasks/maze/probe.ts', "import { CANVAS } from '../render/index.js';"],
    [
      'src/tasks/maze/probe.ts',
      "import { defineTask } from '../define.js';\nimport type { Level } from '../types.js';\nimport { buildTrace } from '../trace.js';",
    ],
    ['src/tasks/maze/probe.ts', "import { parseMazeState } from './state.js';"],
    ['src/tasks/registry.ts', "import { task as maze } from './maze/index.js';"],
    ['src/dataset/probe.ts', "import { getTask } from '../tasks/registry.js';"],
  ])('%s: %s is allowed', async (path, line) => {
    expect(await problems(path, `${line}\nexport const probe = 1;\n`)).toEqual([]);
  });
});
