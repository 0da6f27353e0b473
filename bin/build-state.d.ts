export declare const ROOT: string;
export declare const BUILT_ENTRY: string;
export declare const SOURCE_ENTRY: string;
export declare function isBuildCurrent(): boolean;
export declare function buildDist(stdio?: 'ignore' | 'inherit'): boolean;
