// Prints docs/config.md from the configuration schema: npx tsx scripts/config-docs.ts > docs/config.md
import { configDocs } from '../src/train/config-docs.js';

process.stdout.write(configDocs());
