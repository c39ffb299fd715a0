export { peopleRouter } from './people.routes';
