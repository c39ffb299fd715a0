export { createLocalStorage, type Storage } from './storage';
export { detectAllowedType, cleanFileName, ALLOWED_TYPES, ALLOWED_LABEL, MAX_FILE_BYTES, type AllowedMime } from './file-types';
