export { weekOpenings, isWeekOpen, type WeekOpening } from './unlocks';
