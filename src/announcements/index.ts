export { announcementsRouter } from './announcements.routes';
export { announcementsPanel, postAnnouncement } from './announcements.service';
