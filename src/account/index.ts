export { accountRouter } from './account.routes';
export { collectUserData, deleteAccount } from './account.service';
export { transcriptOf } from './transcript';
