/**
 * Who made a generated file, as its header and the client's user agent say. It is the CLI
 * package's name and version (a test holds them equal), kept here as data so the generator reads
 * no package.json at run time and works the same from the repository and from an install.
 */
export const GENERATOR = { name: 'emr-contract', version: '0.3.0' } as const;

export const GENERATOR_NAME = `${GENERATOR.name} ${GENERATOR.version}`;
