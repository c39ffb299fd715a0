export { announcementsRouter } from './announcements.routes';
export { announcementsPanel, postAnnouncement } from './announcements.service';
export { latestAnnouncements } from './announcements.repository';
