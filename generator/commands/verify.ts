import { UsageError, type Command } from './context.js';

export const verifyCommand: Command = async () => {
  throw new UsageError('verify is not implemented yet');
};
