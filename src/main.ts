// `npm start`: read the configuration, then serve. A bad setting stops here with every problem listed.
import { ConfigError, loadConfig } from './config.ts';
import { isAppError } from './platform/http/errors.ts';
import { serve } from './server.ts';

try {
  await serve(loadConfig());
} catch (error) {
  if (error instanceof ConfigError || isAppError(error)) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
