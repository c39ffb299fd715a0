export { announcementsRouter } from './announcements.routes';
export { announcementsPanel, postAnnouncement } from './announcements.service';
export { sendDueAnnouncements } from './scheduled-announcements';
export { latestAnnouncements, latestAnnouncementsColumn, listedAnnouncementsOf, type ListedAnnouncement, type AnnouncementJson } from './announcements.repository';
