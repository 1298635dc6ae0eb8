export * from './fields';
export * from './diarienummer';
export * from './documentTypes';
export * from './templatePack';
export * from './templateRegistry';
export * from './status';
export * from './closingLines';
export * from './completeness';
