export { weekOpenings, weekOpening, isWeekOpen, type WeekOpening } from './unlocks';
export { modulesRouter } from './modules.routes';
export { loadSessionOverview, type SessionOverview, type WeekOverview } from './overview.service';
export { presentSessionOverview, type SessionOverviewView, type WeekCard } from './overview.presenter';
export { findVisibleWeek, loadWeekPage } from './modules.service';
export { findCourseTitle } from './modules.repository';
export { sessionAccessOr404, staffAccessOr404, learnerAccessOr404, idParamOr404 } from './guards';
export { reflectionCounts, reflectionStatusLabel, localDay, localDateTime, progress, sizeLabel, type Progress } from './progress';
export { lockedWeekViewFor } from './locked-week';
