import { UsageError, type Command } from './context.js';

export const mockCommand: Command = async () => {
  throw new UsageError('mock is not implemented yet');
};
