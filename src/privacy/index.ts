export { privacyRouter } from './privacy.routes';
export { privacyFacts, type PrivacyFacts } from './privacy.presenter';
