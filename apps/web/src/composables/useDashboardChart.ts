import type { BarSeriesOption, LineSeriesOption, PieSeriesOption } from 'echarts/charts'
import type { DataZoomComponentOption, GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components'
import type { ComposeOption, ECElementEvent, EChartsType } from 'echarts/core'
import type { Ref } from 'vue'
import { useResizeObserver } from '@vueuse/core'
import { BarChart, LineChart, PieChart } from 'echarts/charts'
import { DataZoomComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import { init, use } from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { onBeforeUnmount, onMounted, watch } from 'vue'

// Tree-shaken ECharts: only the charts and components the dashboard draws (issue 5 §3).
use([BarChart, LineChart, PieChart, GridComponent, TooltipComponent, LegendComponent, DataZoomComponent, CanvasRenderer])

export type DashboardChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | PieSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption | DataZoomComponentOption
>

/**
 * An ECharts instance on `el`, redrawn whenever `option()` changes (null draws nothing) and resized
 * with its box. Options merge into the chart, so an auto-refresh keeps the user's scroll position.
 */
export function useDashboardChart(el: Ref<HTMLElement | null>, option: () => DashboardChartOption | null, onClick?: (e: ECElementEvent) => void) {
  let chart: EChartsType | undefined

  function draw(opt: DashboardChartOption | null): void {
    if (!chart)
      return
    // short update animations: a refresh every minute should settle, not perform
    if (opt)
      chart.setOption({ animationDuration: 500, animationDurationUpdate: 300, ...opt }, { replaceMerge: ['series'] })
    else
      chart.clear()
  }

  onMounted(() => {
    chart = init(el.value!, undefined, { renderer: 'canvas' })
    if (onClick)
      chart.on('click', onClick)
    draw(option())
  })
  watch(option, draw)
  useResizeObserver(el, () => chart?.resize())
  onBeforeUnmount(() => {
    chart?.dispose()
    chart = undefined
  })

  return {
    /** Pixel of a data point in the chart, for tests: `convertToPixel` on the first grid. */
    pixelOf: (value: [number | string, number | string]): [number, number] | null => {
      const p = chart?.convertToPixel({ gridIndex: 0 }, value) as number[] | undefined
      return p ? [p[0]!, p[1]!] : null
    },
  }
}
