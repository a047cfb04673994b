export { awakeTimeout } from './awake-timeout.js'
export { deadline } from './deadline.js'
export { sleep, untilAborted } from './sleep.js'
export { IndexWaiters, WakeList } from './waiters.js'
