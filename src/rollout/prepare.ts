// From a problem to model input: the chat prompt built from the question text only (never initial_state), and for
// the image variant each image decoded (file) or rasterised (generated SVG), preprocessed like the Qwen2-VL image
// processor, with its <|image_pad|> expanded to its token count. Prompts that would not fit are rejected here.
import { encodePrompt, renderPrompt, type ContentItem } from '../data/chat-template.js';
import { preprocessImage, type ProcessorConfig } from '../data/image.js';
import type { Problem } from '../data/problems.js';
import type { QwenTokenizer } from '../data/tokenizer.js';
import type { ModelConfig } from '../model/config.js';
import { expandImagePrompt, type ImageInput } from '../model/vlm.js';
import { buildPrompt, type PromptVariant } from '../tasks/prompt.js';
import { rasterize } from '../tasks/render/raster.js';
import type { PreparedPrompt } from './policy.js';

export interface PrepareContext {
  tokenizer: QwenTokenizer;
  config: ModelConfig;
  /** The model's image processor settings (required for the image variant). */
  processor?: ProcessorConfig;
  /** Longest side, in pixels, of rasterised generated images. */
  imageSize: number;
}

async function problemImages(problem: Problem, ctx: PrepareContext): Promise<ImageInput[]> {
  if (!ctx.config.vision) throw new Error(`problem ${problem.key}: the image variant needs a model with a vision tower; use the text variant`);
  if (!ctx.processor) throw new Error(`problem ${problem.key}: the image variant needs the model's preprocessor_config.json (image processor settings)`);
  return Promise.all(
    problem.images.map(async (img, i) => {
      const input = img.path ?? (await rasterize(img.svg!, ctx.imageSize));
      const p = await preprocessImage(input, { ...ctx.processor, name: img.path ?? `${problem.key} image ${i}` });
      return { pixelValues: p.pixelValues, gridThw: p.gridThw };
    }),
  );
}

export async function preparePrompt(problem: Problem, variant: PromptVariant, ctx: PrepareContext): Promise<PreparedPrompt> {
  const prompt = buildPrompt(problem.instance, variant);
  if (prompt.images.length === 0) {
    return { id: problem.id, ids: encodePrompt(ctx.tokenizer, [{ role: 'user', content: [{ type: 'text', text: prompt.text }] }]) };
  }
  const images = await problemImages(problem, ctx);
  const content: ContentItem[] = [...images.map(() => ({ type: 'image' as const })), { type: 'text', text: prompt.text }];
  // One <|image_pad|> per image in the rendered chat; expandImagePrompt expands each run and checks the context.
  const ids = expandImagePrompt(
    ctx.tokenizer.encode(renderPrompt(ctx.tokenizer, [{ role: 'user', content }])),
    images.map((im) => im.gridThw),
    ctx.config,
  );
  return { id: problem.id, ids, images };
}
