import { createRouter, createWebHistory } from 'vue-router'
import MapPage from './pages/MapPage.vue'

/**
 * `/grids/:code` opens the map with that grid selected, so a grid's URL can be shared. Both routes
 * render the same page component, so Vue patches it in place: the map is not rebuilt on selection.
 */
export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes: [
    { path: '/', name: 'map', component: MapPage },
    { path: '/grids/:code', name: 'grid', component: MapPage },
    { path: '/:pathMatch(.*)*', redirect: '/' },
  ],
})
