export { createLocalStorage, type Storage } from './storage';
export { detectAllowedType, cleanFileName, ALLOWED_TYPES, ALLOWED_LABEL, MAX_FILE_BYTES, type AllowedMime } from './file-types';
export { acceptFiles, checkUploads, readMultipartForms, renamedNotice, uploadErrorOf, uploadedFiles, MAX_FILES_PER_UPLOAD, type CheckedUpload } from './uploads';
