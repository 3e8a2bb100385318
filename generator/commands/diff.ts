import { UsageError, type Command } from './context.js';

export const diffCommand: Command = async () => {
  throw new UsageError('diff is not implemented yet');
};
