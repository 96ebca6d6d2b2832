import type { UiAction } from './utils/access'
import { GRID_STAFF_ROLES } from '@gridgov/domain/core'
import { createRouter, createWebHistory } from 'vue-router'
import { configureApi } from './composables/useApi'
import LoginPage from './pages/LoginPage.vue'
import MapPage from './pages/MapPage.vue'
import { useAuthStore } from './stores/auth'

import { safeRedirect } from './utils/safe-redirect'

declare module 'vue-router' {
  interface RouteMeta {
    /** reachable without a session */
    public?: boolean
    /** full-page screen without the app header (login) */
    bare?: boolean
    /** the role must be allowed this action, else the 403 page */
    requires?: UiAction
  }
}

/**
 * `/grids/:code` opens the map with that grid selected, so a grid's URL can be shared. Both routes
 * render the same page component, so Vue patches it in place: the map is not rebuilt on selection.
 * Everything but `/login`, `/report`, `/track` and the 404 page needs a session; `/admin/*` needs the admin
 * role, the case board a desk role, `/field` a grid role.
 */
export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes: [
    { path: '/', name: 'map', component: MapPage },
    { path: '/grids/:code', name: 'grid', component: MapPage },
    // 指挥大屏 / 数据看板: the street committee's dashboard (desk roles)
    { path: '/dashboard', name: 'dashboard', component: () => import('./pages/DashboardPage.vue'), meta: { requires: 'dashboard' } },
    { path: '/login', name: 'login', component: LoginPage, meta: { public: true, bare: true } },
    { path: '/sessions', name: 'sessions', component: () => import('./pages/SessionsPage.vue') },
    { path: '/admin', redirect: '/admin/users' },
    { path: '/admin/users', name: 'admin-users', component: () => import('./pages/AdminUsersPage.vue'), meta: { requires: 'admin' } },
    { path: '/admin/audit', name: 'admin-audit', component: () => import('./pages/AdminAuditPage.vue'), meta: { requires: 'admin' } },
    { path: '/cases', name: 'cases', component: () => import('./pages/CaseBoardPage.vue'), meta: { requires: 'caseBoard' } },
    { path: '/cases/:id(\\d+)', name: 'case', component: () => import('./pages/CaseDetailPage.vue'), meta: { requires: 'caseBoard' } },
    { path: '/field', name: 'field', component: () => import('./pages/FieldPage.vue'), meta: { requires: 'field' } },
    { path: '/field/cases/:id(\\d+)', name: 'field-case', component: () => import('./pages/FieldCasePage.vue'), meta: { requires: 'field' } },
    // 三张清单 and 双报到: every signed-in role reads (scoped by the server); the desk roles write
    { path: '/lists', name: 'lists', component: () => import('./pages/ListsPage.vue') },
    { path: '/lists/projects/:id(\\d+)', name: 'lists-project', component: () => import('./pages/ListsProjectPage.vue') },
    { path: '/lists/registrations', name: 'lists-registrations', component: () => import('./pages/ListsRegistrationsPage.vue') },
    { path: '/field/patrol', name: 'field-patrol', component: () => import('./pages/FieldPatrolPage.vue'), meta: { requires: 'field' } },
    // residents: no session, phone-sized, no app header
    { path: '/report', name: 'report', component: () => import('./pages/ReportPage.vue'), meta: { public: true, bare: true } },
    { path: '/track/:token?', name: 'track', component: () => import('./pages/TrackPage.vue'), meta: { public: true, bare: true } },
    { path: '/403', name: 'forbidden', component: () => import('./pages/ForbiddenPage.vue') },
    // an unknown address says so (public: a resident's mistyped link is not sent to sign in)
    { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./pages/NotFoundPage.vue'), meta: { public: true } },
  ],
})

router.beforeEach(async (to, from) => {
  const auth = useAuthStore()
  await auth.restore() // once per page load; later calls resolve at once
  if (to.meta.public)
    return auth.me && to.name === 'login' ? safeRedirect(to.query.redirect) : true
  if (!auth.me)
    return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } }
  const gridRole = GRID_STAFF_ROLES.includes(auth.me.role)
  // Grid staff work from the tablet view: they land there after login, and a shared case link opens
  // the tablet page of that case. The map stays one tap away in the header.
  if (gridRole && to.name === 'map' && (from.name === undefined || from.name === 'login'))
    return { name: 'field', replace: true }
  // A street committee watches its dashboard: it is their landing page; the map is in the header.
  if (auth.me.role === 'street' && to.name === 'map' && (from.name === undefined || from.name === 'login'))
    return { name: 'dashboard', replace: true }
  if (gridRole && to.name === 'case')
    return { name: 'field-case', params: to.params, replace: true }
  if (to.meta.requires && !auth.can(to.meta.requires))
    return { name: 'forbidden', replace: true }
  return true
})

// Any request answering 401 (idle timeout, absolute 12 h, or revoked). Signed in a moment ago: the
// page stays with what was typed in it, and a sign-in dialog over it lets the user carry on
// (AppSessionExpired). Not signed in at all: the login page, then back here.
configureApi({
  onUnauthenticated() {
    const auth = useAuthStore()
    const current = router.currentRoute.value
    if (auth.me && !current.meta.public) {
      auth.markExpired()
      return
    }
    auth.clear()
    if (!current.meta.public)
      void router.replace({ name: 'login', query: { redirect: current.fullPath } })
  },
})
