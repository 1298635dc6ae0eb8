export * from './fields';
export * from './documentTypes';
export * from './status';
export * from './closingLines';
export * from './completeness';
