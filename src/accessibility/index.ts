export { accessibilityRouter } from './accessibility.routes';
