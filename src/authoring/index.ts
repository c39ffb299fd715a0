export { authoringRouter } from './authoring.routes';
