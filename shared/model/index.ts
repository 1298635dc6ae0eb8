export * from './fields';
export * from './diarienummer';
export * from './documentTypes';
export * from './status';
export * from './closingLines';
export * from './completeness';
