"""The monthly report (月报) of notice 川政公〔2021〕7号 四、（二）: indicators declared in
resources/indicators.json, checks, rates, a compilation of subordinate units, deadlines and the 四个一
rhythm (五、（二））. Import the module that defines a name (desktop.domain.monthly.report, …)."""
